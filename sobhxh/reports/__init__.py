"""The monthly progress reports (Mẫu 04, 05)."""
