// The student's whole "hardware": the only synchronisation operations a lab submission may use.
#pragma once

#include "lab/atomic.hpp"
#include "lab/cpu.hpp"
#include "lab/futex.hpp"
#include "lab/todo.hpp"
#include "lab/usage.hpp"
