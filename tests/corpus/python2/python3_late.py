def area(width, height):
    # print "this comment is not Python 2 code"
    label = "print 'neither is this string'"
    return width * height, label
