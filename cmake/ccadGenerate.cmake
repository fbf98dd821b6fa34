# ccad_generate(): run cc-ad on C sources at build time and compile the
# derivative code into a target. Included by the installed package
# (ccadConfig.cmake, targets ccad::cc-ad and ccad::runtime) and by this
# source tree (samples/, tests/: targets cc-ad and ccad_static).
#
#   ccad_generate(<target>
#                 SOURCES <file.c>...
#                 [AD "<request>"...]       # as cc-ad --ad: "grad(f) wrt(x[n])"
#                 [OPTIONS <cc-ad option>...]   # before "--", e.g. -Werror
#                 [FLAGS <compiler flag>...])   # after "--", extra parse flags
#
# For each SOURCES file NAME.c, a build rule runs
#   cc-ad NAME.c -o ${CMAKE_CURRENT_BINARY_DIR}/NAME.ad.c [--ad REQ]...
#         -MF NAME.ad.d [OPTIONS] -- -I<target include dirs> -D<target defs> [FLAGS]
# and the rule is re-run when NAME.c, a header it includes (through the
# depfile) or cc-ad changes. When another target of the directory already
# generates NAME.ad.c, this target's outputs go to
# ${CMAKE_CURRENT_BINARY_DIR}/ccad_<target>/ instead (its own flags, its own
# rule), and that directory comes first in its include path. NAME.ad.c is added to <target>, whose include
# path gets ${CMAKE_CURRENT_BINARY_DIR} (so `#include "NAME.ad.h"` works)
# and NAME.c's directory (for the headers the generated files include),
# and <target> links the runtime and libm (and OpenMP when a vmap request is
# seen). NAME.c gets -Wno-unknown-pragmas (GCC, Clang) for its `#pragma ad`.
# NAME.c itself is not added: list it in add_executable/add_library as usual.
#
# Variables read at call time (the package and the source tree set them):
#   CCAD_TOOL_TARGET     executable target of cc-ad   (default ccad::cc-ad)
#   CCAD_RUNTIME_TARGET  runtime library target       (default ccad::runtime)
#   CCAD_TOOL_LAUNCHER   optional command prefix for cc-ad (e.g. "env;VAR=1")

include_guard(GLOBAL)

function(ccad_generate target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;AD;OPTIONS;FLAGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ccad_generate(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "ccad_generate(${target}): no target named '${target}'; "
                        "call add_executable/add_library first")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ccad_generate(${target}): SOURCES is empty")
  endif()
  list(LENGTH arg_SOURCES nsrc)
  if(arg_AD AND nsrc GREATER 1)
    message(FATAL_ERROR "ccad_generate(${target}): AD requests name functions of one "
                        "translation unit; call ccad_generate once per source when using AD")
  endif()

  set(tool "${CCAD_TOOL_TARGET}")
  if(NOT tool)
    set(tool ccad::cc-ad)
  endif()
  set(runtime "${CCAD_RUNTIME_TARGET}")
  if(NOT runtime)
    set(runtime ccad::runtime)
  endif()
  foreach(t IN ITEMS ${tool} ${runtime})
    if(NOT TARGET ${t})
      message(FATAL_ERROR "ccad_generate(${target}): target '${t}' does not exist "
                          "(an installed ccad defines ccad::cc-ad and ccad::runtime: "
                          "call find_package(ccad) first)")
    endif()
  endforeach()

  # The target's own include directories and definitions (transitively,
  # through its link libraries), so the tool parses what the compiler sees.
  set(incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(parse_flags
      "$<$<BOOL:${incs}>:-I$<JOIN:${incs},$<SEMICOLON>-I>>"
      "$<$<BOOL:${defs}>:-D$<JOIN:${defs},$<SEMICOLON>-D>>"
      ${arg_FLAGS})

  set(ad_args "")
  foreach(req IN LISTS arg_AD)
    list(APPEND ad_args --ad "${req}")
  endforeach()

  set(use_depfile OFF)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(use_depfile ON)
  endif()

  set(need_openmp OFF)
  set(use_bin OFF)
  set(own_dirs "")
  set(seen "")
  set(src_dirs "")
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(src_abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(name "${src}" NAME_WLE)
    if(name IN_LIST seen)
      message(FATAL_ERROR "ccad_generate(${target}): two sources named ${name}.c; "
                          "their outputs would collide in ${CMAKE_CURRENT_BINARY_DIR}")
    endif()
    list(APPEND seen ${name})
    get_filename_component(src_dir "${src_abs}" DIRECTORY)
    list(APPEND src_dirs "${src_dir}")
    # One custom command per output: when another target of this directory
    # already generates NAME.ad.c here (a library and its test both
    # compiling model.c), this target gets its own copy in
    # ccad_<target>/, parsed with its own flags.
    get_property(taken DIRECTORY PROPERTY CCAD_GENERATED_OUTPUTS)
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}")
    if("${out_dir}/${name}.ad.c" IN_LIST taken)
      set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/ccad_${target}")
      if("${out_dir}/${name}.ad.c" IN_LIST taken)
        message(FATAL_ERROR "ccad_generate(${target}): ${name}.c is already generated for "
                            "${target}; call ccad_generate once per target and source")
      endif()
      file(MAKE_DIRECTORY "${out_dir}")
      list(APPEND own_dirs "${out_dir}")
    else()
      set(use_bin ON)
    endif()
    set_property(DIRECTORY APPEND PROPERTY CCAD_GENERATED_OUTPUTS "${out_dir}/${name}.ad.c")
    set(out "${out_dir}/${name}.ad")

    # Which requests the source holds decides the outputs and link needs.
    # (Adding the first vmap/cuda request to a file needs a CMake re-run.)
    set(pragmas "")
    if(EXISTS "${src_abs}")
      file(STRINGS "${src_abs}" pragmas REGEX "^[ \t]*#[ \t]*pragma[ \t]+ad[ \t]")
    endif()
    set(texts ${pragmas} ${arg_AD})
    set(has_cuda OFF)
    foreach(line IN LISTS texts)
      if(line MATCHES "(^|[ \t])vmap[ \t]*\\(")
        set(need_openmp ON)
      endif()
      if(line MATCHES "(^|[ \t])cuda[ \t]*\\(")
        set(has_cuda ON)
      endif()
    endforeach()

    set(outputs "${out}.c" "${out}.h")
    set(byproducts "")
    if(has_cuda)
      if(CMAKE_CUDA_COMPILER)
        list(APPEND outputs "${out}.cu")
      else()
        list(APPEND byproducts "${out}.cu")
      endif()
    endif()

    set(depfile_args "")
    if(use_depfile)
      set(depfile_args DEPFILE "${out}.d")
    endif()
    set(byproduct_args "")
    if(byproducts)
      set(byproduct_args BYPRODUCTS ${byproducts})
    endif()

    add_custom_command(
      OUTPUT ${outputs}
      ${byproduct_args}
      COMMAND ${CCAD_TOOL_LAUNCHER} $<TARGET_FILE:${tool}> "${src_abs}" -o "${out}.c"
              ${ad_args} -MF "${out}.d" ${arg_OPTIONS} -- ${parse_flags}
      DEPENDS "${src_abs}" ${tool}
      ${depfile_args}
      WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
      COMMENT "cc-ad ${name}.c -> ${name}.ad.c"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    target_sources(${target} PRIVATE ${outputs})

    # `#pragma ad` is unknown to the compiler: keep -Wall quiet about it.
    set_property(SOURCE "${src_abs}" APPEND PROPERTY COMPILE_OPTIONS
                 "$<$<C_COMPILER_ID:GNU,Clang,AppleClang>:-Wno-unknown-pragmas>")
  endforeach()

  # NAME.ad.h for the user's code; NAME.c's own directory for the
  # `#include "..."` lines the generated files copy from NAME.c.
  # (a target's own ccad_<target>/ first: its NAME.ad.h, not another's)
  foreach(d IN LISTS own_dirs)
    target_include_directories(${target} BEFORE PUBLIC "$<BUILD_INTERFACE:${d}>")
  endforeach()
  if(use_bin)
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${CMAKE_CURRENT_BINARY_DIR}>")
  endif()
  list(REMOVE_DUPLICATES src_dirs)
  target_include_directories(${target} PRIVATE ${src_dirs})
  target_link_libraries(${target} PUBLIC ${runtime})
  if(UNIX)
    target_link_libraries(${target} PUBLIC m)  # generated code calls <math.h>
  endif()
  if(need_openmp)
    find_package(OpenMP COMPONENTS C)
    if(OpenMP_C_FOUND)
      target_link_libraries(${target} PUBLIC OpenMP::OpenMP_C)
    else()
      message(WARNING "ccad_generate(${target}): a vmap request needs OpenMP, which was "
                      "not found; f_vmap will run on one thread")
    endif()
  endif()
endfunction()
