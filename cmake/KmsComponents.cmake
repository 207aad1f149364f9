# Adds the listed component directories.
#
# KMS_ONLY (a ;-list of directory names, e.g. "exporter_kit;test_support;disk")
# restricts the configure to those components: handy while several people
# work in one tree. Empty means everything. A component still being
# scaffolded (no CMakeLists.txt yet) is reported and skipped.
set(KMS_ONLY "" CACHE STRING "Only configure these component directories (empty: all)")

function(kms_add_components)
  foreach(dir IN LISTS ARGN)
    if(KMS_ONLY AND NOT dir IN_LIST KMS_ONLY)
      continue()
    endif()
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    else()
      message(STATUS "component ${dir}: not present yet, skipped")
    endif()
  endforeach()
endfunction()
