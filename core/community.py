"""The community's values and guidelines: the editorial pages are seeded with them and Ava walks newcomers
through them, so both read the one copy here."""

# Sprint 3 Part 4: the six community guidelines.
GUIDELINES = [
    ("Be kind and constructive in feedback", "Say what works, then what could be better, and how."),
    ("Honor people's time — show up when you commit", "If plans change, tell the other person early."),
    ("Keep conversations confidential unless agreed otherwise", "What's shared in a connection stays there."),
    ("Give credit where it's due", "Name the people, tools and ideas that helped you."),
    ("No spam, no pitching without permission", "Offer help; don't push products into conversations."),
    ("Assume good intent", "Ask a question before assuming the worst."),
]

VALUES = [
    ("Generosity", "Giving for the joy of giving: unconditional, consent-based, never a trade."),
    ("Curiosity", "Ask freely. Everyone is learning something, and asking is how we start."),
    ("Respect", "Honor people's time, ideas and boundaries."),
]
