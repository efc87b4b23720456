# Adoption and reuse of catalogue services (CAD arts. 68-69) and reuse communities.
adoption-state-planned = Adoption planned
adoption-state-in_use = In use
adoption-state-discontinued = No longer in use
adoption-title = Adoption of "{ $service }"
adoption-lead = Declare whether your administration uses this service from { $provider }, or means to adopt it. The declaration goes on the service's page and into its publiccode.yml file, and your administration joins the reuse community, where it can write to the provider.
adoption-lead-update = Your administration has already declared that it adopts this service: update its state, dates or note here.
adoption-state = Where your administration is
adoption-started-on = From
adoption-hint-started-on = When it started using it or, if the adoption is planned, when it means to start.
adoption-ended-on = Until
adoption-hint-ended-on = Only if it no longer uses it: when it stopped.
adoption-note = Note
adoption-hint-note = Optional: which offices or procedures use it, what you adapted. At most 2,000 characters.
adoption-listed = Show my administration among those that adopt the service
adoption-hint-listed = Untick it and your administration is counted, but its name is shown only to the reuse community and the Innovation Hub.
adoption-submit = Declare the adoption
adoption-submit-update = Update the adoption
adoption-declare = Declare that your administration adopts it
adoption-update = Update your administration's adoption
adoption-refused-service-not-adoptable = This service is not open to new adoptions: for a deprecated or retired service an administration may only record that it stopped using it.
adoption-refused-own-service = The provider of a service does not declare that it adopts it.
adoption-refused-administration-unverified = The Innovation Hub has not verified your administration yet.
adopters-title = Who adopts it
adopters-none = No administration has declared that it adopts it yet.
adopters-count = { $count ->
    [one] One administration uses it or means to.
   *[other] { $count } administrations use it or mean to.
}
adopters-since = since { $date }
adopters-unlisted = { $count ->
    [one] One more administration asked not to be listed.
   *[other] { $count } more administrations asked not to be listed.
}
community-open = Reuse community
community-title = Reuse community of "{ $service }"
community-lead = The service's provider and the administrations that use it or mean to. Members write to each other through the Innovation Hub, which relays the messages by email without showing addresses.
community-members = Members of the community
community-organization = Organisation
community-role = Role
community-since = Since
community-provider = Provider
community-unlisted = not listed publicly
community-write = Write to a member of the community
community-write-lead = The message reaches the people of the organisation you choose by email, with your name and your organisation's, but not your address. Each person sends at most 5 messages every 24 hours.
community-to = To
community-subject = Subject
community-body = Message
community-hint-body = 10 to 5,000 characters.
community-send = Send the message
community-sent = Message relayed.
community-too-many = You have sent 5 messages in the last 24 hours: you can write another one in { $hours ->
    [one] about an hour
   *[other] about { $hours } hours
}.
field-error-in-the-future = The date cannot be later than today.
field-error-before-start = The end cannot come before the start.
field-error-not-allowed = Leave this field empty for the state chosen.
field-error-not-in-community = Choose a member of the reuse community.
account-adoptions = Catalogue services adopted
account-adoptions-none = Your administration has not declared that it adopts a catalogue service yet: you can do so from each service's page.
