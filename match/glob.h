// Shell-pattern matching exactly as glibc's fnmatch(pattern, text, 0) does in the C locale, which
// is what kmod applies to every alias pattern (libkmod's wildcard index search).
//
// Flags 0 means: no FNM_PATHNAME ('*' and '?' match '/'), no FNM_PERIOD (a leading '.' is an
// ordinary character), no FNM_NOESCAPE ('\' quotes the next character, also inside [...]),
// no FNM_CASEFOLD, no FNM_EXTMATCH. Bytes are compared as unsigned values (the C locale).
//   *        any sequence of bytes, also the empty one
//   ?        exactly one byte
//   [set]    one byte in the set; '!' or '^' first negates; ']' first is literal; a-z ranges
//            (by byte value; a reversed range matches nothing); [:alpha:] and the other 11
//            POSIX classes (an unknown class name makes the whole match fail); [=c=] and [.c.]
//            stand for the byte c. An unterminated '[' is an ordinary character, but a pattern
//            that ends inside a range ("[a-") matches nothing.
//   \c       the byte c; a '\' at the very end of the pattern never matches.
#pragma once

#include <string_view>

namespace hw::match {

bool glob_match(std::string_view pattern, std::string_view text);

// True when the pattern has a character that glob_match treats specially ('*', '?', '[', '\').
bool has_glob_chars(std::string_view pattern);

}  // namespace hw::match
