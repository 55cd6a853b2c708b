package io.catalogsync.kong.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A syntax-only Lua 5.1 parser, so that pre-function code is rejected the way Kong rejects it:
 * {@code kong/plugins/pre-function/_schema.lua} calls LuaJIT's {@code loadstring} and reports its
 * message, e.g. {@code [string "this is not lua"]:1: '=' expected near 'is'}. Messages follow
 * LuaJIT's parser (lj_parse.c) for the common cases; semantics are not checked.
 */
final class LuaSyntax {
  private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false",
      "for", "function", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while");
  private static final Set<String> BINOPS = Set.of("+", "-", "*", "/", "%", "^", "..", "==", "~=", "<", "<=", ">",
      ">=", "and", "or");

  private record Tok(String kind, String text, int line) {}

  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError(String msg) {
      super(msg, null, false, false);
    }
  }

  private List<Tok> toks;
  private int pos;
  private String chunk;

  /** Null when {@code code} parses; else LuaJIT's message. */
  synchronized String check(String code) {
    chunk = chunkName(code);
    try {
      toks = lex(code);
      pos = 0;
      block();
      if (!peek().kind.equals("<eof>")) {
        error("'<eof>' expected");
      }
      return null;
    } catch (SyntaxError e) {
      return e.getMessage();
    }
  }

  /**
   * LuaJIT's lj_debug_shortname for a string chunk (LUA_IDSIZE 60): up to 48 characters before the first
   * control character, the whole source when that is all of it, else at most 45 and "...".
   */
  private static String chunkName(String src) {
    int len = 0;
    while (len < 48 && len < src.length() && src.charAt(len) >= ' ') {
      len++;
    }
    if (len == src.length()) {
      return "[string \"" + src + "\"]";
    }
    return "[string \"" + src.substring(0, Math.min(len, 45)) + "...\"]";
  }

  private void error(String msg) {
    Tok t = peek();
    throw new SyntaxError(chunk + ":" + t.line + ": " + msg + " near '" + t.text + "'");
  }

  private Tok peek() {
    return toks.get(pos);
  }

  private Tok next() {
    return toks.get(pos++);
  }

  private boolean is(String text) {
    Tok t = peek();
    return (t.kind.equals("op") || t.kind.equals("keyword")) && t.text.equals(text);
  }

  private boolean accept(String text) {
    if (is(text)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String text) {
    if (!accept(text)) {
      error("'" + text + "' expected");
    }
  }

  private void expectMatch(String what, String who, int line) {
    if (!accept(what)) {
      if (line == peek().line) {
        error("'" + what + "' expected");
      }
      error("'" + what + "' expected (to close '" + who + "' at line " + line + ")");
    }
  }

  private String name() {
    Tok t = peek();
    if (!t.kind.equals("name")) {
      error("'<name>' expected");
    }
    pos++;
    return t.text;
  }

  private boolean blockFollow() {
    Tok t = peek();
    return t.kind.equals("<eof>") || t.kind.equals("keyword")
        && (t.text.equals("end") || t.text.equals("else") || t.text.equals("elseif") || t.text.equals("until"));
  }

  private void block() {
    while (!blockFollow()) {
      boolean last = is("return") || is("break");
      statement();
      accept(";");
      if (last) {
        break;
      }
    }
  }

  private void statement() {
    int line = peek().line;
    if (accept("if")) {
      expr();
      expect("then");
      block();
      while (accept("elseif")) {
        expr();
        expect("then");
        block();
      }
      if (accept("else")) {
        block();
      }
      expectMatch("end", "if", line);
    } else if (accept("while")) {
      expr();
      expect("do");
      block();
      expectMatch("end", "while", line);
    } else if (accept("do")) {
      block();
      expectMatch("end", "do", line);
    } else if (accept("for")) {
      name();
      if (accept("=")) {
        expr();
        expect(",");
        expr();
        if (accept(",")) {
          expr();
        }
      } else if (is(",") || is("in")) {
        while (accept(",")) {
          name();
        }
        expect("in");
        exprList();
      } else {
        error("'=' or 'in' expected");
      }
      expect("do");
      block();
      expectMatch("end", "for", line);
    } else if (accept("repeat")) {
      block();
      expectMatch("until", "repeat", line);
      expr();
    } else if (accept("function")) {
      name();
      while (accept(".")) {
        name();
      }
      if (accept(":")) {
        name();
      }
      body(line);
    } else if (accept("local")) {
      if (accept("function")) {
        name();
        body(line);
      } else {
        do {
          name();
        } while (accept(","));
        if (accept("=")) {
          exprList();
        }
      }
    } else if (accept("return")) {
      if (!blockFollow() && !is(";")) {
        exprList();
      }
    } else if (accept("break")) {
      return;
    } else if (peek().kind.equals("name") && peek().text.equals("goto") && pos + 1 < toks.size()
        && toks.get(pos + 1).kind.equals("name")) {
      // LuaJIT 2.1 accepts goto and labels
      pos += 2;
    } else if (accept("::")) {
      name();
      expect("::");
    } else {
      boolean call = suffixedExp();
      if (is("=") || is(",")) {
        while (accept(",")) {
          if (suffixedExp()) {
            error("syntax error");
          }
        }
        expect("=");
        exprList();
      } else if (!call) {
        expect("=");
      }
    }
  }

  private void body(int line) {
    expect("(");
    if (!is(")")) {
      do {
        if (accept("...")) {
          break;
        }
        if (!peek().kind.equals("name")) {
          error("<name> or '...' expected"); // lj_parse.c parse_params: LJ_ERR_XPARAM
        }
        name();
      } while (accept(","));
    }
    expect(")");
    block();
    expectMatch("end", "function", line);
  }

  private void exprList() {
    expr();
    while (accept(",")) {
      expr();
    }
  }

  /** Returns true when the expression ends in a call. */
  private boolean suffixedExp() {
    Tok t = peek();
    if (t.kind.equals("name")) {
      pos++;
    } else if (accept("(")) {
      int line = t.line;
      expr();
      expectMatch(")", "(", line);
    } else {
      error("unexpected symbol");
    }
    boolean call = false;
    while (true) {
      if (accept(".")) {
        name();
        call = false;
      } else if (accept("[")) {
        expr();
        expect("]");
        call = false;
      } else if (accept(":")) {
        name();
        args();
        call = true;
      } else if (is("(") || is("{") || peek().kind.equals("string")) {
        args();
        call = true;
      } else {
        return call;
      }
    }
  }

  private void args() {
    Tok t = peek();
    if (t.kind.equals("string")) {
      pos++;
    } else if (is("{")) {
      table();
    } else if (accept("(")) {
      if (!is(")")) {
        exprList();
      }
      expectMatch(")", "(", t.line);
    } else {
      error("function arguments expected");
    }
  }

  private void table() {
    int line = peek().line;
    expect("{");
    while (!is("}")) {
      if (accept("[")) {
        expr();
        expect("]");
        expect("=");
        expr();
      } else if (peek().kind.equals("name") && pos + 1 < toks.size() && toks.get(pos + 1).text.equals("=")
          && !toks.get(pos + 1).kind.equals("string")) {
        pos += 2;
        expr();
      } else {
        expr();
      }
      if (!accept(",") && !accept(";")) {
        break;
      }
    }
    expectMatch("}", "{", line);
  }

  private void expr() {
    if (is("not") || is("-") || is("#")) {
      pos++;
      expr();
      return;
    }
    simpleExp();
    while (BINOPS.contains(peek().text) && (peek().kind.equals("op") || peek().kind.equals("keyword"))) {
      pos++;
      if (is("not") || is("-") || is("#")) {
        pos++;
      }
      expr();
    }
  }

  private void simpleExp() {
    Tok t = peek();
    if (t.kind.equals("number") || t.kind.equals("string")) {
      pos++;
    } else if (accept("nil") || accept("true") || accept("false") || accept("...")) {
      return;
    } else if (is("{")) {
      table();
    } else if (accept("function")) {
      body(t.line);
    } else {
      suffixedExp();
    }
  }

  private List<Tok> lex(String s) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int line = 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        i += 2;
        int level = i < n && s.charAt(i) == '[' ? longBracket(s, i + 1) : -1;
        if (level >= 0) {
          int end = s.indexOf("]" + "=".repeat(level) + "]", i);
          if (end < 0) {
            // lj_lex.c reports the line it reached: the last one
            throw new SyntaxError(chunk + ":" + (line + count(s.substring(i), '\n'))
                + ": unfinished long comment near '<eof>'");
          }
          line += count(s.substring(i, end), '\n');
          i = end + level + 2;
        } else {
          while (i < n && s.charAt(i) != '\n') {
            i++;
          }
        }
      } else if (Character.isLetter(c) || c == '_') {
        int st = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        String w = s.substring(st, i);
        out.add(new Tok(KEYWORDS.contains(w) ? "keyword" : "name", w, line));
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        int st = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
            || (s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'))) {
          i++;
        }
        String num = s.substring(st, i);
        if (!num.matches("(0[xX][0-9a-fA-F]+)|(\\d+\\.?\\d*([eE][+-]?\\d+)?)|(\\.\\d+([eE][+-]?\\d+)?)")) {
          throw new SyntaxError(chunk + ":" + line + ": malformed number near '" + num + "'");
        }
        out.add(new Tok("number", num, line));
      } else if (c == '"' || c == '\'') {
        int st = i++;
        while (i < n && s.charAt(i) != c) {
          if (s.charAt(i) == '\\') {
            i++;
          } else if (s.charAt(i) == '\n') {
            throw new SyntaxError(chunk + ":" + line + ": unfinished string near '" + s.substring(st, i) + "'");
          }
          i++;
        }
        if (i >= n) {
          throw new SyntaxError(chunk + ":" + line + ": unfinished string near '<eof>'");
        }
        i++;
        out.add(new Tok("string", s.substring(st, i), line));
      } else if (c == '[' && i + 1 < n && s.charAt(i + 1) == '=' && longBracket(s, i + 1) < 0) {
        // lj_lex.c lex_skipeq: "[=" not followed by "[" (LJ_ERR_XLDELIM)
        int eq = i + 1;
        while (eq < n && s.charAt(eq) == '=') {
          eq++;
        }
        throw new SyntaxError(chunk + ":" + line + ": invalid long string delimiter near '" + s.substring(i, eq)
            + "'");
      } else if (c == '[' && longBracket(s, i + 1) >= 0 && (s.charAt(i + 1) == '[' || s.charAt(i + 1) == '=')) {
        int level = longBracket(s, i + 1);
        int end = s.indexOf("]" + "=".repeat(level) + "]", i);
        if (end < 0) {
          throw new SyntaxError(chunk + ":" + (line + count(s.substring(i), '\n'))
              + ": unfinished long string near '<eof>'");
        }
        String str = s.substring(i, end + level + 2);
        out.add(new Tok("string", str, line));
        line += count(str, '\n');
        i = end + level + 2;
      } else {
        String op = null;
        for (String cand : new String[] {"...", "..", "==", "~=", "<=", ">=", "::"}) {
          if (s.startsWith(cand, i)) {
            op = cand;
            break;
          }
        }
        if (op == null) {
          // lj_lex.c: any other character is a token of its own (the parser then says what it expected), named
          // char(N) when it is a control character (lj_lex_token2str).
          op = Character.isISOControl(c) ? "char(" + (int) c + ")" : String.valueOf(c);
          out.add(new Tok("op", op, line));
          i++;
          continue;
        }
        out.add(new Tok("op", op, line));
        i += op.length();
      }
    }
    out.add(new Tok("<eof>", "<eof>", line));
    return out;
  }

  /** The level of a long bracket {@code [==[} whose second character starts at {@code i}, or -1. */
  private static int longBracket(String s, int i) {
    if (i >= s.length() || s.charAt(i - 1) != '[') {
      return -1;
    }
    int level = 0;
    while (i < s.length() && s.charAt(i) == '=') {
      level++;
      i++;
    }
    return i < s.length() && s.charAt(i) == '[' ? level : -1;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(ch -> ch == c).count();
  }
}
