"""MLS2xx secret: credentials in code, markdown, magics and saved outputs."""
