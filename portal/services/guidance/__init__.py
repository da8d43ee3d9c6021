"""Guidance before a report: "Where do I report this?" (a router whose rules are data) and "Lost or found
something?" (signposting by item and place, and the few found items we accept). Both are pure: they take the answers
given so far and say what to ask next or where to go."""
