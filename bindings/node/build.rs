fn main() {
    // Linker settings Node addons need (undefined napi_* symbols resolved by the host).
    napi_build::setup();
}
