package tdjson

import com.sun.jna.Native
import com.sun.jna.NativeLibrary
import com.sun.jna.Pointer
import java.io.File

/**
 * libtdjson's C functions, bound with JNA's direct mapping (static native methods: the fastest
 * way JNA calls C). Strings cross as NUL-terminated UTF-8 bytes whatever the JVM's default
 * charset is.
 *
 * The library is found through the system property `tdjson.library` or the environment variable
 * `TDJSON_LIBRARY` (a path to the file), else as `tdjson` on JNA's search path
 * (`jna.library.path`, `LD_LIBRARY_PATH`, the system's library folders).
 */
object TdNative {
    @JvmStatic external fun td_create_client_id(): Int

    @JvmStatic external fun td_send(clientId: Int, request: ByteArray)

    @JvmStatic external fun td_receive(timeout: Double): Pointer?

    @JvmStatic external fun td_execute(request: ByteArray): Pointer?

    init {
        val explicit = System.getProperty("tdjson.library")?.takeIf { it.isNotEmpty() }
            ?: System.getenv("TDJSON_LIBRARY")?.takeIf { it.isNotEmpty() }
        val lib = try {
            if (explicit != null) NativeLibrary.getInstance(File(explicit).absolutePath) else NativeLibrary.getInstance("tdjson")
        } catch (e: UnsatisfiedLinkError) {
            throw UnsatisfiedLinkError(
                "libtdjson not found (${explicit ?: "set TDJSON_LIBRARY or -Dtdjson.library to its path"}): ${e.message}",
            )
        }
        Native.register(TdNative::class.java, lib)
    }

    /** [s] as the NUL-terminated UTF-8 that the C functions read. */
    @JvmStatic
    fun cString(s: String): ByteArray {
        val b = s.toByteArray(Charsets.UTF_8)
        return b.copyOf(b.size + 1)
    }

    /** The UTF-8 string a C function returned, or null. */
    @JvmStatic
    fun read(p: Pointer?): String? = p?.getString(0, "UTF-8")
}
