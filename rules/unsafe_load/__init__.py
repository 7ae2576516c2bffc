"""MLS1xx unsafe-load: deserialising untrusted model files and configs."""
