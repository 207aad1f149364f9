# Adds the listed component directories. A component still being scaffolded
# (no CMakeLists.txt yet) is reported and skipped rather than breaking the
# configure of every other component.
function(kms_add_components)
  foreach(dir IN LISTS ARGN)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    else()
      message(STATUS "component ${dir}: not present yet, skipped")
    endif()
  endforeach()
endfunction()
