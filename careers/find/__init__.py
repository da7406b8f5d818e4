"""Finding roles: filters, site search, related roles and side-by-side comparison."""
