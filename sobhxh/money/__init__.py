"""The unit costs, budgets and settlement."""
