// Frank's semaphore lab: everything is in semaphores.hpp.
#include "semaphores.hpp"
