"""Reports: data in, text out."""
