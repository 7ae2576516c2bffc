"""MLS3xx verbose-error: tracebacks and exception text shown to users, debug servers, saved error outputs."""
