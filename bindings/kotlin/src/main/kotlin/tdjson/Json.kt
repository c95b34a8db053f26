package tdjson

import java.util.Base64

/**
 * A small JSON reader and writer, enough for TDLib's JSON interface, so the binding needs no
 * JSON library. Objects read as [TdObject], arrays as [List], integers as [Long] (or [Double]
 * when they do not fit), other numbers as [Double].
 */
internal object Json {
    /** Deeper nesting than this is refused (TDLib's objects are far shallower). */
    private const val MAX_DEPTH = 256

    fun parse(text: String): Any? {
        val r = Reader(text)
        r.skipSpace()
        val v = r.value(0)
        r.skipSpace()
        if (r.pos != text.length) r.fail("unexpected text after the value")
        return v
    }

    fun write(value: Any?): String = StringBuilder().also { write(it, value, 0) }.toString()

    fun write(out: StringBuilder, value: Any?, depth: Int) {
        if (depth > MAX_DEPTH) throw IllegalArgumentException("value nested too deeply")
        when (value) {
            null -> out.append("null")
            is String -> string(out, value)
            is Boolean -> out.append(value)
            is Int, is Long, is Short, is Byte -> out.append(value)
            is Double -> number(out, value)
            is Float -> number(out, value.toDouble())
            is Number -> number(out, value.toDouble())
            is Char -> string(out, value.toString())
            is TdObject -> obj(out, value.fields, depth)
            is Map<*, *> -> obj(out, value, depth)
            is ByteArray -> string(out, Base64.getEncoder().encodeToString(value))
            is IntArray -> array(out, value.asIterable(), depth)
            is LongArray -> array(out, value.asIterable(), depth)
            is Array<*> -> array(out, value.asIterable(), depth)
            is Iterable<*> -> array(out, value, depth)
            else -> throw IllegalArgumentException(
                "cannot write a ${value::class.java.name} as JSON",
            )
        }
    }

    private fun number(out: StringBuilder, d: Double) {
        if (d.isNaN() || d.isInfinite()) throw IllegalArgumentException("$d is not a JSON number")
        out.append(d) // keeps ".0", so a double reads back as a double
    }

    private fun obj(out: StringBuilder, map: Map<*, *>, depth: Int) {
        out.append('{')
        var first = true
        for ((k, v) in map) {
            if (k !is String) throw IllegalArgumentException("JSON object keys are strings, not $k")
            if (!first) out.append(',')
            first = false
            string(out, k)
            out.append(':')
            write(out, v, depth + 1)
        }
        out.append('}')
    }

    private fun array(out: StringBuilder, items: Iterable<*>, depth: Int) {
        out.append('[')
        var first = true
        for (v in items) {
            if (!first) out.append(',')
            first = false
            write(out, v, depth + 1)
        }
        out.append(']')
    }

    private fun string(out: StringBuilder, s: String) {
        out.append('"')
        for (c in s) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c < ' ' || c == '\u2028' || c == '\u2029' ->
                    out.append("\\u").append(String.format("%04x", c.code))
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    private class Reader(val s: String) {
        var pos = 0

        fun fail(what: String): Nothing =
            throw IllegalArgumentException("malformed JSON at offset $pos: $what")

        fun skipSpace() {
            while (pos < s.length && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t')) pos++
        }

        fun value(depth: Int): Any? {
            if (depth > MAX_DEPTH) fail("nested too deeply")
            if (pos >= s.length) fail("a value was expected")
            return when (val c = s[pos]) {
                '{' -> obj(depth)
                '[' -> array(depth)
                '"' -> string()
                't' -> word("true", true)
                'f' -> word("false", false)
                'n' -> word("null", null)
                else -> if (c == '-' || c in '0'..'9') number() else fail("unexpected '$c'")
            }
        }

        private fun word(w: String, v: Any?): Any? {
            if (!s.startsWith(w, pos)) fail("unexpected text")
            pos += w.length
            return v
        }

        private fun obj(depth: Int): TdObject {
            pos++ // {
            val fields = LinkedHashMap<String, Any?>()
            skipSpace()
            if (pos < s.length && s[pos] == '}') {
                pos++
                return TdObject.adopt(fields)
            }
            while (true) {
                skipSpace()
                if (pos >= s.length || s[pos] != '"') fail("a key was expected")
                val k = string()
                skipSpace()
                if (pos >= s.length || s[pos] != ':') fail("':' was expected")
                pos++
                skipSpace()
                fields[k] = value(depth + 1)
                skipSpace()
                if (pos >= s.length) fail("unterminated object")
                when (s[pos++]) {
                    ',' -> continue
                    '}' -> return TdObject.adopt(fields)
                    else -> {
                        pos--
                        fail("',' or '}' was expected")
                    }
                }
            }
        }

        private fun array(depth: Int): List<Any?> {
            pos++ // [
            val items = ArrayList<Any?>()
            skipSpace()
            if (pos < s.length && s[pos] == ']') {
                pos++
                return items
            }
            while (true) {
                skipSpace()
                items.add(value(depth + 1))
                skipSpace()
                if (pos >= s.length) fail("unterminated array")
                when (s[pos++]) {
                    ',' -> continue
                    ']' -> return items
                    else -> {
                        pos--
                        fail("',' or ']' was expected")
                    }
                }
            }
        }

        private fun string(): String {
            pos++ // "
            val b = StringBuilder()
            while (true) {
                if (pos >= s.length) fail("unterminated string")
                val c = s[pos++]
                when {
                    c == '"' -> return b.toString()
                    c == '\\' -> {
                        if (pos >= s.length) fail("unterminated escape")
                        when (val e = s[pos++]) {
                            '"' -> b.append('"')
                            '\\' -> b.append('\\')
                            '/' -> b.append('/')
                            'b' -> b.append('\b')
                            'f' -> b.append('\u000c')
                            'n' -> b.append('\n')
                            'r' -> b.append('\r')
                            't' -> b.append('\t')
                            'u' -> {
                                if (pos + 4 > s.length) fail("short \\u escape")
                                val hex = s.substring(pos, pos + 4)
                                val code = hex.toIntOrNull(16) ?: fail("bad \\u escape '$hex'")
                                b.append(code.toChar())
                                pos += 4
                            }
                            else -> fail("bad escape '\\$e'")
                        }
                    }
                    c < ' ' -> fail("control character in a string")
                    else -> b.append(c)
                }
            }
        }

        private fun number(): Any {
            val start = pos
            if (s[pos] == '-') pos++
            digits()
            var integer = true
            if (pos < s.length && s[pos] == '.') {
                integer = false
                pos++
                digits()
            }
            if (pos < s.length && (s[pos] == 'e' || s[pos] == 'E')) {
                integer = false
                pos++
                if (pos < s.length && (s[pos] == '+' || s[pos] == '-')) pos++
                digits()
            }
            val t = s.substring(start, pos)
            if (integer) t.toLongOrNull()?.let { return it }
            return t.toDoubleOrNull() ?: fail("bad number '$t'")
        }

        private fun digits() {
            val start = pos
            while (pos < s.length && s[pos] in '0'..'9') pos++
            if (pos == start) fail("a digit was expected")
        }
    }
}
