"""The site side of verification: the publish gate (gate.py) and the downloads it serves (publish.py)."""
