"""mlsafe's rules, one module per rule (installed as ``linter.rules``). Modules starting with ``_``
hold data tables and helpers shared by a family of rules."""
