# Lab build configurations (plain, tsan, perturb, asan, controlled) and the description the grader uses to build submissions.
#
# The harness and each lab's graded test code are compiled here once per configuration. The grader
# compiles only a submission's own files (plus the lab's small adapter) with exactly the same flags, read
# from the JSON written by lab_write_build_description, and links them against these libraries.

set(LAB_CONFIGS plain tsan perturb asan controlled)

# Debug information is line tables only (-g1): a sanitizer report or a stack trace names every frame's
# file, line and function, inlined ones too, as with -g, but the compiles of the framework and of each
# submission take a fifth to a third less time (bench/RESULTS.md). What it leaves out is variables
# and types for a debugger.
set(LAB_COMMON_FLAGS -g1 -fno-omit-frame-pointer)
set(LAB_CONFIG_plain_FLAGS -O2)
set(LAB_CONFIG_plain_DEFS LAB_INSTRUMENTED=0 LAB_PERTURB=0)
set(LAB_CONFIG_plain_LINK "")
# ThreadSanitizer sees the instrumented lab::atomic, so a race report can name the student's line.
set(LAB_CONFIG_tsan_FLAGS -O1 -fsanitize=thread)
set(LAB_CONFIG_tsan_DEFS LAB_INSTRUMENTED=1 LAB_PERTURB=0)
set(LAB_CONFIG_tsan_LINK -fsanitize=thread)
set(LAB_CONFIG_perturb_FLAGS -O2)
set(LAB_CONFIG_perturb_DEFS LAB_INSTRUMENTED=1 LAB_PERTURB=1)
set(LAB_CONFIG_perturb_LINK "")
# AddressSanitizer + UndefinedBehaviorSanitizer for labs where memory matters (cow): no recovery, so a
# UBSan finding ends the test like an ASan one. The runtimes are linked statically because GCC's shared
# libubsan ignores UBSAN_OPTIONS=log_path next to a shared libasan, and the grader reads only log files.
set(LAB_CONFIG_asan_FLAGS -O1 -fsanitize=address,undefined -fno-sanitize-recover=all)
set(LAB_CONFIG_asan_DEFS LAB_INSTRUMENTED=0 LAB_PERTURB=0)
set(LAB_CONFIG_asan_LINK -fsanitize=address,undefined)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND LAB_CONFIG_asan_LINK -static-libasan -static-libubsan)  # Clang links them statically anyway
endif()
# Controlled scheduling (docs/controlled.md): every lab:: operation is a scheduling point of a
# deterministic scheduler that runs one test thread at a time; no sanitizer.
set(LAB_CONFIG_controlled_FLAGS -O2)
set(LAB_CONFIG_controlled_DEFS LAB_INSTRUMENTED=1 LAB_PERTURB=0 LAB_CONTROLLED=1)
set(LAB_CONFIG_controlled_LINK "")
# Only the submission's files (never the harness or the graded tests) are compiled with ThreadSanitizer's
# instrumentation, and no ThreadSanitizer runtime is linked: harness/controlled/controlled_plain_access.cpp
# defines the entry points, which make the student's plain memory accesses scheduling points too.
set(LAB_CONFIG_controlled_SUBMISSION_FLAGS -fsanitize=thread)
# A signed integer overflow in the submission stops it (an illegal instruction, SIGILL) in every build, not
# only under the asan build's UBSan: a stride pass kept in an int schedules right until it is undefined.
# Trap mode needs no runtime library, so nothing is added to what the objects import.
set(LAB_SUBMISSION_TRAP_FLAGS -fsanitize=signed-integer-overflow -fsanitize-undefined-trap-on-error)
foreach(config plain tsan perturb controlled)
  list(APPEND LAB_CONFIG_${config}_SUBMISSION_FLAGS ${LAB_SUBMISSION_TRAP_FLAGS})
endforeach()

set(LAB_HARNESS_INCLUDE ${PROJECT_SOURCE_DIR}/harness/include)

# Applies configuration CONFIG's flags to TARGET.
function(lab_apply_config target config)
  target_compile_options(${target} PRIVATE ${LAB_COMMON_FLAGS} ${LAB_CONFIG_${config}_FLAGS})
  target_compile_definitions(${target} PUBLIC ${LAB_CONFIG_${config}_DEFS} LAB_CONFIG_NAME="${config}")
  target_link_options(${target} INTERFACE ${LAB_CONFIG_${config}_LINK})
  target_include_directories(${target} PUBLIC ${LAB_HARNESS_INCLUDE})
endfunction()

# The lines of LAB's own block in course.yaml (the grader reads the same file) that match REGEX, in order;
# none when there is no course.yaml. Editing course.yaml re-runs the configure step.
function(lab_course_block_lines lab regex out)
  set(${out} "" PARENT_SCOPE)
  set(course ${PROJECT_SOURCE_DIR}/course.yaml)
  if(NOT EXISTS ${course})
    return()
  endif()
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${course})
  file(STRINGS ${course} lines REGEX "^  [A-Za-z0-9_-]+:[ ]*$|${regex}")
  set(inside FALSE)
  set(found "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^  ([A-Za-z0-9_-]+):[ ]*$")
      set(inside FALSE)
      if(CMAKE_MATCH_1 STREQUAL lab)
        set(inside TRUE)
      endif()
    elseif(inside)
      list(APPEND found "${line}")
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# The configurations course.yaml gives LAB (the `configs: [...]` line of the lab's own block), in
# LAB_CONFIGS order; all of LAB_CONFIGS when course.yaml does not say. No library is built for a
# configuration the lab never runs in (the uthreads lab's tsan, perturb, controlled).
function(lab_course_configs lab out)
  set(${out} ${LAB_CONFIGS} PARENT_SCOPE)
  lab_course_block_lines(${lab} "^    configs:" lines)
  foreach(line IN LISTS lines)
    if(line MATCHES "^    configs:[ ]*\\[([^]]*)\\]")
      string(REGEX REPLACE "[ ,]+" ";" named "${CMAKE_MATCH_1}")
      set(configs "")
      foreach(config IN LISTS LAB_CONFIGS)
        if(config IN_LIST named)
          list(APPEND configs ${config})
        endif()
      endforeach()
      if(configs)
        set(${out} ${configs} PARENT_SCOPE)
      endif()
      return()
    endif()
  endforeach()
endfunction()

# lab_register_lab(LAB ADAPTER file SOURCES files...): the lab's graded tests, one static library per
# configuration it runs in (labtests_LAB_CONFIG); ADAPTER is compiled per submission by the grader.
function(lab_register_lab lab)
  cmake_parse_arguments(ARG "" "ADAPTER" "SOURCES" ${ARGN})
  lab_course_configs(${lab} configs)
  set_property(GLOBAL PROPERTY LAB_CONFIGS_${lab} ${configs})
  foreach(config IN LISTS configs)
    set(target labtests_${lab}_${config})
    add_library(${target} STATIC ${ARG_SOURCES})
    lab_apply_config(${target} ${config})
    target_link_libraries(${target} PUBLIC harness_${config} GTest::gtest Threads::Threads)
  endforeach()
  lab_add_editor_target(${lab})
  set_property(GLOBAL APPEND PROPERTY LAB_REGISTERED_LABS ${lab})
  set_property(GLOBAL PROPERTY LAB_ADAPTER_${lab} ${ARG_ADAPTER})
endfunction()

# The student's exercises/LAB sources as a target that is never built (EXCLUDE_FROM_ALL): it exists only
# so that compile_commands.json gives students' editors the exact flags the grader compiles them with.
function(lab_add_editor_target lab)
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/exercises/${lab}/*.cpp)
  if(NOT sources)
    return()
  endif()
  add_library(editor_exercises_${lab} OBJECT EXCLUDE_FROM_ALL ${sources})
  set_target_properties(editor_exercises_${lab} PROPERTIES UNITY_BUILD OFF)  # one entry per student file
  lab_apply_config(editor_exercises_${lab} plain)
  # A check compiles the lab with the labs it depends on on the include path (the monitor lab's
  # #include <locks.hpp> is the student's own mutex lab); the editor sees the same.
  lab_course_dependencies(${lab} dependencies)
  set(include_dirs ${PROJECT_SOURCE_DIR}/exercises/${lab})
  foreach(dependency IN LISTS dependencies)
    list(APPEND include_dirs ${PROJECT_SOURCE_DIR}/exercises/${dependency})
  endforeach()
  target_include_directories(editor_exercises_${lab} PRIVATE ${include_dirs})
endfunction()

# The labs course.yaml says LAB depends on (the `- lab: NAME` entries of its `depends_on:` list).
function(lab_course_dependencies lab out)
  lab_course_block_lines(${lab} "^    [a-z_]+:|^      - lab:" lines)
  set(in_list FALSE)
  set(found "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^    ([a-z_]+):")
      set(in_list FALSE)
      if(CMAKE_MATCH_1 STREQUAL "depends_on")
        set(in_list TRUE)
      endif()
    elseif(in_list AND line MATCHES "^      - lab:[ ]*([A-Za-z0-9_-]+)")
      list(APPEND found ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Joins a CMake list into a JSON array of strings (no escaping needed for our flags and paths).
function(lab_json_array out)
  set(items "")
  foreach(item IN LISTS ARGN)
    list(APPEND items "\"${item}\"")
  endforeach()
  list(JOIN items ", " joined)
  set(${out} "[${joined}]" PARENT_SCOPE)
endfunction()

# Writes the grader's build description: compiler, per-configuration flags and libraries, per-lab adapter.
function(lab_write_build_description path)
  get_property(labs GLOBAL PROPERTY LAB_REGISTERED_LABS)
  set(config_entries "")
  foreach(config IN LISTS LAB_CONFIGS)
    set(defs "")
    foreach(def IN LISTS LAB_CONFIG_${config}_DEFS)
      list(APPEND defs "-D${def}")
    endforeach()
    lab_json_array(compile -std=c++20 -pthread ${LAB_COMMON_FLAGS} ${LAB_CONFIG_${config}_FLAGS}
                   ${LAB_CONFIG_${config}_SUBMISSION_FLAGS} ${defs}
                   "-DLAB_CONFIG_NAME=\\\"${config}\\\"" -I${LAB_HARNESS_INCLUDE})
    lab_json_array(link -pthread ${LAB_CONFIG_${config}_LINK} ${LABS_LINKER_FLAGS})
    set(test_libs "")
    foreach(lab IN LISTS labs)
      get_property(lab_configs GLOBAL PROPERTY LAB_CONFIGS_${lab})
      if(NOT config IN_LIST lab_configs)
        continue()
      endif()
      list(APPEND test_libs "\"${lab}\": \"$<TARGET_FILE:labtests_${lab}_${config}>\"")
    endforeach()
    list(JOIN test_libs ", " test_libs)
    list(APPEND config_entries
      "    \"${config}\": {\n      \"compile_flags\": ${compile},\n      \"link_flags\": ${link},\n      \"harness_library\": \"$<TARGET_FILE:harness_${config}>\",\n      \"test_libraries\": {${test_libs}}\n    }")
  endforeach()
  list(JOIN config_entries ",\n" config_entries)
  set(lab_entries "")
  foreach(lab IN LISTS labs)
    get_property(adapter GLOBAL PROPERTY LAB_ADAPTER_${lab})
    list(APPEND lab_entries "    \"${lab}\": {\"adapter\": \"${adapter}\"}")
  endforeach()
  list(JOIN lab_entries ",\n" lab_entries)
  file(GENERATE OUTPUT ${path} CONTENT "{
  \"schema\": 1,
  \"source_dir\": \"${PROJECT_SOURCE_DIR}\",
  \"compiler\": \"${CMAKE_CXX_COMPILER}\",
  \"gtest_library\": \"$<TARGET_FILE:GTest::gtest>\",
  \"configs\": {
${config_entries}
  },
  \"labs\": {
${lab_entries}
  }
}
")
endfunction()
