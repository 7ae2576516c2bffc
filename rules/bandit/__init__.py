"""bandit's checks that mlsafe runs on the same code (notebooks included), documented like mlsafe's rules."""
