"""A person's area ("Mein Bereich", `/me/`): what waits for them, what they have, their
accounts. The platform's own parts are in `parts.py`; each module adds its part through
its registry declaration (`TownModule.personal_area`)."""
