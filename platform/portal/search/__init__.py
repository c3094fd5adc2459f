"""One search for everything: the shared German full-text piece every module's provider uses,
the page and API that ask every enabled module at once, and the record of searches that found
nothing (normalised term, week and count; no person, no address)."""
