"""The version of the consent text a client must have agreed to before anything is sent."""

# Raised whenever the consent text (bot/setup/words.py, `welcome`) changes: everyone is asked again.
# 2: names who runs this Between, where the data is kept, what is encrypted, Telegram.
# 3: goals, which are encrypted like notes.
# 4: exactly what is encrypted (notes and goals only), who holds the key (whoever runs this
#    Between), and that the chat history stays in Telegram until the client deletes the chat.
# 5: the question shortly after each session (and that it can be turned off), what to talk
#    about next time, and tasks, encrypted like notes and goals.
# Read as `consent.CONSENT_VERSION` at the moment of use, never imported by name, so that one
# place (and a test that raises it) changes it for every reader.
CONSENT_VERSION = 5
