"""The live tier: ephemeral kind clusters, CNI installs, apply and assert, the guard."""
