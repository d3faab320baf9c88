"""Member pages of the collective: managing my offers and asks (/my/…) and the offer page editor."""
