package io.catalogsync.masking.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** One string inside a body that the masker scans and may rewrite in place. */
sealed interface TextSlot {

    String get();

    void set(String value);

    /** A string field of an object. */
    record Field(ObjectNode parent, String name) implements TextSlot {
        @Override
        public String get() {
            return parent.get(name).textValue();
        }

        @Override
        public void set(String value) {
            parent.set(name, TextNode.valueOf(value));
        }
    }

    /** A string element of an array. */
    record Element(ArrayNode parent, int index) implements TextSlot {
        @Override
        public String get() {
            return parent.get(index).textValue();
        }

        @Override
        public void set(String value) {
            parent.set(index, TextNode.valueOf(value));
        }
    }

    /** The whole plain-text body. */
    final class Whole implements TextSlot {
        private String text;

        Whole(String text) {
            this.text = text;
        }

        @Override
        public String get() {
            return text;
        }

        @Override
        public void set(String value) {
            this.text = value;
        }
    }
}
