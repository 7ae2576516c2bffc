"""MLS5xx pii: personal data printed, logged, written in code or saved in outputs."""
