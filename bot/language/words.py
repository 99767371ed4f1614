"""What the choice of language says. (How words work: `bot/words.py`.)"""

from domain.language import N_

CHOOSE = N_("Which language would you like me to use?")
CHOSEN = N_("From now on I'll write in English.")  # said in the newly chosen language
