"""MLS4xx unpinned: unpinned installs, VCS URLs, untrusted indexes, model revisions, remote scripts."""
