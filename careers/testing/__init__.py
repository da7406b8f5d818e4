"""Test and demo data: page factories, block builders (the seed's salary rows once), sample bodies
and generated role documents."""
