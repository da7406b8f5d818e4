"""Test and demo data: page factories, sample bodies and generated role documents."""
