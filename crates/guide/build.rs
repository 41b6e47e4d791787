// Rebuild when content changes: the content tree (and the facts the checker knows) are embedded
// in the binary.
fn main() {
    println!("cargo:rerun-if-changed=../../content");
    println!("cargo:rerun-if-changed=../../data/sources/hotlines.csv");
    println!("cargo:rerun-if-changed=../../data/sources/hotline-facts.csv");
}
