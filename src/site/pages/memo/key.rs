//! A page's context written as the memo's key: every value with a tag byte, strings and byte
//! strings with their length, sequences and maps with a marker before each element and one at
//! the end. Each value's writing is self-delimiting, so two contexts have the same key only when
//! they serialise to the same values, of the same types, in the same order. Far cheaper than
//! JSON: nothing is escaped.

use serde::Serialize;
use serde::ser::{self, Serializer};
use std::fmt::Error;

pub struct Key<'k>(pub &'k mut Vec<u8>);

impl Key<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.tag(tag);
        self.len(bytes.len());
        self.0.extend_from_slice(bytes);
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.tag(ELEMENT);
        value.serialize(Key(&mut *self.0))
    }

    fn end(&mut self) -> Result<(), Error> {
        self.tag(END);
        Ok(())
    }
}

/// What may start an element of a sequence, a map or a struct: an element, a struct field left
/// out (`skip_serializing_if`), or the end.
const ELEMENT: u8 = 1;
const SKIPPED: u8 = 2;
const END: u8 = 0;

macro_rules! number {
    ($name:ident, $t:ty, $tag:expr) => {
        fn $name(self, v: $t) -> Result<(), Error> {
            self.0.push($tag);
            self.0.extend_from_slice(&v.to_le_bytes());
            Ok(())
        }
    };
}

impl<'k> Serializer for Key<'k> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    number!(serialize_i8, i8, 2);
    number!(serialize_i16, i16, 3);
    number!(serialize_i32, i32, 4);
    number!(serialize_i64, i64, 5);
    number!(serialize_i128, i128, 6);
    number!(serialize_u8, u8, 7);
    number!(serialize_u16, u16, 8);
    number!(serialize_u32, u32, 9);
    number!(serialize_u64, u64, 10);
    number!(serialize_u128, u128, 11);
    number!(serialize_f32, f32, 12);
    number!(serialize_f64, f64, 13);

    fn serialize_bool(mut self, v: bool) -> Result<(), Error> {
        self.tag(14 + u8::from(v));
        Ok(())
    }

    fn serialize_char(mut self, v: char) -> Result<(), Error> {
        self.tag(16);
        self.0.extend_from_slice(&u32::from(v).to_le_bytes());
        Ok(())
    }

    fn serialize_str(mut self, v: &str) -> Result<(), Error> {
        self.text(17, v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), Error> {
        self.text(18, v);
        Ok(())
    }

    fn serialize_none(mut self) -> Result<(), Error> {
        self.tag(19);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(mut self, value: &T) -> Result<(), Error> {
        self.tag(20);
        value.serialize(self)
    }

    fn serialize_unit(mut self) -> Result<(), Error> {
        self.tag(21);
        Ok(())
    }

    fn serialize_unit_struct(mut self, name: &'static str) -> Result<(), Error> {
        self.text(22, name.as_bytes());
        Ok(())
    }

    fn serialize_unit_variant(
        mut self,
        name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        self.text(23, name.as_bytes());
        self.len(index as usize);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.text(24, name.as_bytes());
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.text(25, name.as_bytes());
        self.len(index as usize);
        value.serialize(self)
    }

    fn serialize_seq(mut self, _len: Option<usize>) -> Result<Self, Error> {
        self.tag(26);
        Ok(self)
    }

    fn serialize_tuple(mut self, _len: usize) -> Result<Self, Error> {
        self.tag(27);
        Ok(self)
    }

    fn serialize_tuple_struct(mut self, name: &'static str, _len: usize) -> Result<Self, Error> {
        self.text(28, name.as_bytes());
        Ok(self)
    }

    fn serialize_tuple_variant(
        mut self,
        name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.text(29, name.as_bytes());
        self.len(index as usize);
        Ok(self)
    }

    fn serialize_map(mut self, _len: Option<usize>) -> Result<Self, Error> {
        self.tag(30);
        Ok(self)
    }

    fn serialize_struct(mut self, name: &'static str, _len: usize) -> Result<Self, Error> {
        self.text(31, name.as_bytes());
        Ok(self)
    }

    fn serialize_struct_variant(
        mut self,
        name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.text(32, name.as_bytes());
        self.len(index as usize);
        Ok(self)
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Key<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(mut self) -> Result<(), Error> {
                Key::end(&mut self)
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Key<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.element(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Key(&mut *self.0))
    }

    fn end(mut self) -> Result<(), Error> {
        Key::end(&mut self)
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Key<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.tag(ELEMENT);
                self.text(17, name.as_bytes());
                value.serialize(Key(&mut *self.0))
            }

            fn skip_field(&mut self, name: &'static str) -> Result<(), Error> {
                // A field left out is not the field with some value.
                self.tag(SKIPPED);
                self.text(17, name.as_bytes());
                Ok(())
            }

            fn end(mut self) -> Result<(), Error> {
                Key::end(&mut self)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    fn key(value: &impl Serialize) -> Vec<u8> {
        let mut out = Vec::new();
        value.serialize(Key(&mut out)).unwrap();
        out
    }

    #[test]
    fn values_that_differ_have_different_keys() {
        // Strings split differently, numbers of other types, none and empty.
        assert_ne!(key(&("ab", "c")), key(&("a", "bc")));
        assert_ne!(key(&vec!["a", "b"]), key(&vec!["ab"]));
        assert_ne!(key(&1_i64), key(&1.0_f64));
        assert_ne!(key(&Some("")), key(&None::<&str>));
        assert_ne!(
            key(&vec![vec![1_u8], vec![]]),
            key(&vec![vec![], vec![1_u8]])
        );
        assert_eq!(key(&("ab", 1_u8)), key(&("ab", 1_u8)));
    }
}
