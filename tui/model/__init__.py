"""Records, lifecycles, time grammar and gazetteer: pure Python, no files, no Textual."""
