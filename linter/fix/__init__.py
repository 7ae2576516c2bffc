"""Fixing: applying rules' fixes to files, edits in user coordinates, byte-preserving splices."""
