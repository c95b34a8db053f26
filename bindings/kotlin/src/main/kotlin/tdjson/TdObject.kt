package tdjson

/**
 * One TDLib JSON object: a request, an answer or an update. [type] is its `@type`.
 *
 * Field values are what JSON holds: `null`, [String], [Boolean], [Long] or [Double], [List],
 * and nested [TdObject]s. When building a request any [Number], [Map], [Iterable], array or
 * [ByteArray] (written as base64, as TDLib's `bytes`) may be used too.
 *
 * The typed getters read TDLib's conventions: [long] accepts the string form TDLib uses for
 * 64-bit integers; a missing or mistyped field throws [NoSuchElementException] naming it.
 */
class TdObject private constructor(val fields: Map<String, Any?>, @Suppress("UNUSED_PARAMETER") adopt: Unit) {
    /** An object of a copy of [fields]. */
    constructor(fields: Map<String, Any?>) : this(LinkedHashMap(fields), Unit)

    val type: String get() = fields["@type"] as? String ?: ""

    operator fun get(key: String): Any? = fields[key]

    fun has(key: String): Boolean = fields[key] != null

    fun string(key: String): String = fields[key] as? String ?: missing(key, "a string")

    fun bool(key: String): Boolean = fields[key] as? Boolean ?: missing(key, "a boolean")

    fun long(key: String): Long = when (val v = fields[key]) {
        is Long -> v
        is Int -> v.toLong()
        is Double -> if (v == Math.rint(v)) v.toLong() else missing(key, "an integer")
        is String -> v.toLongOrNull() ?: missing(key, "an integer")
        else -> missing(key, "an integer")
    }

    fun int(key: String): Int {
        val v = long(key)
        if (v < Int.MIN_VALUE || v > Int.MAX_VALUE) missing(key, "a 32-bit integer")
        return v.toInt()
    }

    fun double(key: String): Double = (fields[key] as? Number)?.toDouble() ?: missing(key, "a number")

    fun obj(key: String): TdObject = fields[key] as? TdObject ?: missing(key, "an object")

    fun objOrNull(key: String): TdObject? = fields[key] as? TdObject

    fun list(key: String): List<Any?> = fields[key] as? List<*> ?: missing(key, "an array")

    /** An array of objects, e.g. `chats.objects("chats")`. */
    fun objects(key: String): List<TdObject> = list(key).map { it as? TdObject ?: missing(key, "an array of objects") }

    /** An array of integers, e.g. `chats.longs("chat_ids")`. */
    fun longs(key: String): List<Long> = list(key).map {
        when (it) {
            is Long -> it
            is String -> it.toLongOrNull() ?: missing(key, "an array of integers")
            else -> missing(key, "an array of integers")
        }
    }

    /** A copy with [key] set to [value] (or removed when [value] is null). */
    fun with(key: String, value: Any?): TdObject {
        val m = LinkedHashMap(fields)
        if (value == null) m.remove(key) else m[key] = value
        return TdObject(m, Unit)
    }

    fun toJson(): String = Json.write(this)

    override fun toString(): String = toJson()

    override fun equals(other: Any?): Boolean = other is TdObject && other.fields == fields

    override fun hashCode(): Int = fields.hashCode()

    private fun missing(key: String, what: String): Nothing =
        throw NoSuchElementException("$type.$key is not $what: ${fields[key]}")

    companion object {
        /** An object over [fields] as they are (the caller gives them up). */
        internal fun adopt(fields: LinkedHashMap<String, Any?>) = TdObject(fields, Unit)

        /** Reads a JSON object; malformed JSON or a non-object throws [TdException] with code 400. */
        @JvmStatic
        fun parse(json: String): TdObject {
            val v = try {
                Json.parse(json)
            } catch (e: IllegalArgumentException) {
                throw TdException(400, "Malformed request: ${e.message}")
            }
            return v as? TdObject ?: throw TdException(400, "Malformed request: a JSON object was expected")
        }
    }
}

/** Builds a TDLib object: `td("sendMessage", "chat_id" to id, "input_message_content" to content)`. */
fun td(type: String, vararg fields: Pair<String, Any?>): TdObject {
    val m = LinkedHashMap<String, Any?>(fields.size + 1)
    m["@type"] = type
    for ((k, v) in fields) m[k] = v
    return TdObject.adopt(m)
}
