//! What the public audience may see of the book: here, the images a public build may publish.

pub mod image;
