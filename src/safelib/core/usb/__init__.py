"""USB kits: a ready-to-copy folder with the program for each platform, signed packs and notes, and its check."""
