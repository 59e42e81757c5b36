"""Facts -> readable answers. Pure functions: no SQL, no spaCy, no Discord objects."""
