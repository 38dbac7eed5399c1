"""The one home of the test helpers, shared by every app's tests.

Filled in as the helpers move here; see the end of docs/decisions.md.
"""
