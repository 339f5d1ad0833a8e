"""Question types: what each one authors, checks, takes from a learner, shows and reviews."""
