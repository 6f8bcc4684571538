"""Full-text search over guides in English, Arabic, Sorani and Kurmanji."""
