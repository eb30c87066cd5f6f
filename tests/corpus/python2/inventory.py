# -*- coding: utf-8 -*-
"""Inventory report, as written for Python 2.6."""
import os, sys
import cPickle

DEFAULT_MODE = 0644
MAX_ITEMS = 10000L


class Item(object):
    def __init__(self, name, count):
        self.name = name
        self.count = count

    def __repr__(self):
        return "Item(%s)" % `self.name`


def load(path):
    try:
        handle = open(path, "rb")
        return cPickle.load(handle)
    except (IOError, EOFError), error:
        print >>sys.stderr, "cannot read", path, error
        raise SystemExit, 2


def report(items):
    for item in items:
        if item.count <> 0:
            print "%-20s %5d" % (item.name, item.count)
    print
    exec "total = %d" % len(items)
    pattern = ur"\d+ items"  # TODO: use a proper template
    return pattern


if __name__ == "__main__":
    report(load(sys.argv[1])); print "done"
    os.chmod(sys.argv[1], 0600)
