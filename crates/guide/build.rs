// Rebuild when content changes: the content tree is embedded in the binary.
fn main() {
    println!("cargo:rerun-if-changed=../../content");
}
