// placeholder: written by the mutex-lab work
