"""UI building blocks: small functions named for what they draw."""
