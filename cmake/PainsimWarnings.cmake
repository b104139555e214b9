# Per-target compile settings shared by every painsim target.
#
# -ffp-contract=off: no fused multiply-add contraction, so the scalar reference
# path, the block kernel and builds with or without -march=native give the
# same floating-point results (the reproducibility contract in README.md).
function(painsim_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wno-psabi -ffp-contract=off)
  if(PAINSIM_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

macro(painsim_sanitizers)
  if(PAINSIM_SANITIZE)
    string(REPLACE ";" "," _painsim_san "${PAINSIM_SANITIZE}")
    add_compile_options(-fsanitize=${_painsim_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${_painsim_san})
  endif()
endmacro()
