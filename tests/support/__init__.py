"""Test helpers shared across modules: fixtures, builders and the seed document."""
