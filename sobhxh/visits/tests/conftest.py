from sobhxh.testing.public_links import _public_links  # noqa: F401
