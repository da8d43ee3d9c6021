import gc

from portal import create_app

app = create_app()

# What the application built at start-up (models, forms, templates, the ward list) lives as long as the process: moved
# out of the garbage collector's reach, so its collections walk only what requests create.
gc.freeze()
