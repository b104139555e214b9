# painsim_embed_text(OUT_CPP SYMBOL FILE): compile FILE's text into the binary as
#   extern const std::string_view SYMBOL (in namespace painsim::embedded).
function(painsim_embed_text out_cpp symbol file)
  file(READ "${file}" PAINSIM_EMBED_CONTENT)
  set(PAINSIM_EMBED_SYMBOL "${symbol}")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/Embedded.cpp.in" "${out_cpp}" @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
endfunction()
